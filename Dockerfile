# One image for every service of docker-compose.yml: `amzbus worker`, `amzbus scheduler`, `amzbus dashboard`.
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install --no-cache-dir . && useradd --system --no-create-home amzbus
USER amzbus
ENV AMZBUS_CONFIG=/etc/amzbus/amzbus.toml
# 8080: the dashboard; 9191: a worker's /metrics
EXPOSE 8080 9191
STOPSIGNAL SIGTERM
ENTRYPOINT ["amzbus"]
CMD ["worker"]
