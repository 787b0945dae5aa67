# One image for web, worker and beat (docker-compose.yml picks the command).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VAR_DIR=/app/var

WORKDIR /app
# The pinned, hashed lock first: this layer is rebuilt only when it changes.
COPY requirements/lock.txt ./requirements/lock.txt
RUN pip install --no-cache-dir --require-hashes -r requirements/lock.txt
COPY pyproject.toml manage.py ./
COPY tracker ./tracker
COPY claims ./claims
COPY reader ./reader
COPY intake ./intake
COPY webhooks ./webhooks
COPY follows ./follows
RUN pip install --no-cache-dir --no-deps . \
    && SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && useradd --system --home /app tracker \
    && mkdir -p /app/var && chown -R tracker /app/var

USER tracker
EXPOSE 8000
CMD ["gunicorn", "tracker.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2"]
