# restake-keeper production image.
#
#   docker build -t restake-keeper .
#   docker run --rm -v "$PWD/keeper.yaml:/config/keeper.yaml:ro" -v "$PWD/secrets:/run/secrets:ro" restake-keeper
#
# The build stage compiles src/ and strategies/ to dist/ with the full (dev) install; the
# deps stage installs production dependencies only (no tsx, no devnet packages: Anvil, solc,
# Uniswap artifacts); the runtime stage takes the build and the production node_modules,
# and bin/keeper.mjs runs dist/ when tsx is absent. Config and secrets are mounted at run
# time, never copied into the image.

ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: compile the TypeScript sources to dist/ ----------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY src ./src
COPY strategies ./strategies
RUN npm run build

# --- deps: production node_modules only ------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: no production dependency needs an install script.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
    && npm cache clean --force

# --- runtime ----------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    # Inside the container the HTTP server must listen beyond loopback to be reachable
    # through a published port; publish it on the host's loopback or a private network.
    KEEPER_HTTP_HOST=0.0.0.0
WORKDIR /app

# A dedicated unprivileged user; the application files stay owned by root (read-only to it).
RUN groupadd --system --gid 10001 keeper \
    && useradd --system --uid 10001 --gid keeper --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin keeper

COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY bin ./bin
COPY --from=build /app/dist ./dist

USER keeper

# 8080: /healthz, /readyz, /metrics, /dashboard (telemetry.healthPort); 9464: /metrics (telemetry.metricsPort).
EXPOSE 8080 9464

# Liveness from inside the container (loopback works whatever KEEPER_HTTP_HOST is).
# KEEPER_HEALTH_PORT must follow telemetry.healthPort when the config changes it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.KEEPER_HEALTH_PORT || '8080') + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

ENTRYPOINT ["node", "bin/keeper.mjs"]
CMD ["run", "--config", "/config/keeper.yaml"]
