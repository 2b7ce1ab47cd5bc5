# The API (and the built SPA) in one image; PostgreSQL comes from docker-compose.
FROM node:20-bookworm-slim AS web
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
COPY frontend/ ./
COPY openapi/ /src/openapi/
RUN npm run build

FROM python:3.11-slim-bookworm
WORKDIR /app
ENV PYTHONUNBUFFERED=1 QCDC_ENV=production QCDC_STATIC_DIR=/app/frontend/dist
# LibreOffice Writer turns report documents (docx) into the PDF that is published; the server
# keeps it running and drives it with Debian's python3 through python3-uno (backend/documents/pdf.py).
RUN apt-get update && apt-get install -y --no-install-recommends libreoffice-writer-nogui \
    python3-uno fonts-liberation2 && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md alembic.ini ./
COPY backend/ backend/
COPY migrations/ migrations/
RUN pip install --no-cache-dir .
COPY --from=web /src/frontend/dist frontend/dist
EXPOSE 8000
CMD ["sh", "-c", "qcdc db upgrade && qcdc serve --host 0.0.0.0 --port 8000"]
