"""API stage: the HTTP service (FastAPI) and the figures it reports."""
