# One image for both docker-compose services (web and worker).
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
COPY requirements.txt pyproject.toml README.md ./
COPY responder ./responder
RUN pip install -r requirements.txt
# Fit the agreement gate once at build time: every container start then reads its weights (no 2 s fit, no 150 MB child).
ENV RESPONDER_CACHE_DIR=/app/.cache
RUN python -c "from responder.engine.gate import shipped_gate; shipped_gate()"
COPY rules ./rules
EXPOSE 8000
# Every address of the container: compose publishes port 8000 to the host (`responder serve` alone listens on 127.0.0.1).
CMD ["responder", "serve", "--host", "0.0.0.0", "--port", "8000"]
