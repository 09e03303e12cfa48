"""Storage stage: the database (SQLAlchemy + Alembic) and the object store (local folder or S3/MinIO)."""
