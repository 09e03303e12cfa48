# One image for both roles: the API (default command) and the worker (`sohoa worker`).
FROM python:3.11-slim-bookworm

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
RUN pip install --no-cache-dir .

RUN useradd --system --uid 10001 --home /data sohoa && mkdir -p /data && chown sohoa /data
USER sohoa
EXPOSE 8000
CMD ["sohoa", "serve", "--host", "0.0.0.0", "--port", "8000"]
