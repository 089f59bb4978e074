# engage in a container: `engage run` by default; `engage status` is the health check.
#
#   docker build -t engage .
#   docker run -d --name engage --env-file engage.env \
#     -v /srv/engage/config.yaml:/etc/engage/config.yaml:ro -v engage-data:/var/lib/engage engage
#   docker exec engage engage status            # exit 1 = unhealthy
#
# config.yaml inside the container should say `data_dir: /var/lib/engage` (the volume).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN groupadd --system --gid 10001 engage \
    && useradd --system --uid 10001 --gid engage --home-dir /var/lib/engage --shell /usr/sbin/nologin engage \
    && install -d -o engage -g engage -m 0750 /var/lib/engage

WORKDIR /opt/engage
# CPU-only PyTorch first, from PyTorch's CPU index: a plain `pip install torch` (or letting the
# project's dependencies pull it) installs a multi-GB CUDA build. The project's own torch range
# accepts this version, so the next step keeps it.
RUN pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu

COPY pyproject.toml README.md ./
COPY connectors ./connectors
COPY models ./models
COPY engage ./engage
RUN pip install . && rm -rf /opt/engage/build

USER engage
ENV ENGAGE_CONFIG=/etc/engage/config.yaml \
    HF_HOME=/var/lib/engage/hf-cache \
    ENGAGE_CACHE_DIR=/var/lib/engage/model-cache
WORKDIR /var/lib/engage
VOLUME ["/var/lib/engage"]

# SIGTERM (docker stop): the current page or batch commits and the daemon exits 0 within ~10 s.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=5m --timeout=60s --start-period=15m --retries=1 CMD ["engage", "status", "--json"]
ENTRYPOINT ["engage"]
CMD ["run"]
