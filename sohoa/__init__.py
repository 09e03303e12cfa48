"""sohoa: the application shell — settings, command line and wiring of the stages."""
