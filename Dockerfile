# Campanile: one process per container. Multi-stage: the build stage compiles better-sqlite3 (no prebuilt
# binary is downloaded) and installs the runtime dependencies only; the runtime stage has no compiler,
# runs as the unprivileged `node` user and carries the PostgreSQL 15 client for npm run backup / restore.
# See docs/deployment.md.
ARG NODE_VERSION=20.20

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# tsx (which runs the .ts sources) is a runtime dependency; typescript, tap and the CLI tools are not.
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini postgresql-client-15 \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/var/lib/campanile \
    SHUTDOWN_TIMEOUT_MS=10000
WORKDIR /app
# Owned by root, read-only for the process: it writes only under DATA_DIR.
COPY --from=build /app /app
RUN mkdir -p /var/lib/campanile && chown node:node /var/lib/campanile
USER node
VOLUME ["/var/lib/campanile"]
EXPOSE 3000
# Liveness: /healthz answers while the process does (no curl in the slim image: Node's fetch).
# Load balancers should use /readyz (database reachable, migrations applied).
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# tini as PID 1 passes SIGTERM on to Node (graceful shutdown) and reaps pg_dump's children.
# Node directly, not `npm start`: npm does not forward signals reliably. Same heap ceiling as npm start.
ENTRYPOINT ["tini", "--"]
CMD ["node", "--max-old-space-size=1024", "--import", "tsx", "admin-api/server.ts"]
