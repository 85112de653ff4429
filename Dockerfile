FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install --no-cache-dir . && useradd --system amzbus
USER amzbus
ENV AMZBUS_CONFIG=/etc/amzbus/amzbus.toml
ENTRYPOINT ["amzbus"]
CMD ["worker"]
