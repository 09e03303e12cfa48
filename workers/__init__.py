"""Workers stage: RQ queue, the jobs it runs, and the worker process."""
