# One image for both roles: the API (default command) and the worker (`sohoa worker`).
FROM python:3.11-slim-bookworm

# Debian's security updates come through its version stream: pinning exact package versions would freeze them out.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd tesseract-ocr-eng \
      fonts-dejavu-core hunspell-vi \
 && rm -rf /var/lib/apt/lists/*

ENV OMP_THREAD_LIMIT=1 PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 SOHOA_DATA_DIR=/data
WORKDIR /app
COPY pyproject.toml README.md ./
COPY sohoa ./sohoa
COPY core ./core
COPY ingest ./ingest
COPY ocr ./ocr
COPY extract ./extract
COPY storage ./storage
COPY api ./api
COPY reports ./reports
COPY workers ./workers
COPY signing ./signing
RUN pip install --no-cache-dir .

# /keys: the signing keys volume (compose), owned by the service so `sohoa keys init` can write it.
RUN useradd --system --uid 10001 --home /data sohoa && mkdir -p /data /keys && chown sohoa /data /keys
USER 10001
EXPOSE 8000
CMD ["sohoa", "serve", "--host", "0.0.0.0", "--port", "8000"]
