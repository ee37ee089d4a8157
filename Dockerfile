# syntax=docker/dockerfile:1
# Build: compile TypeScript to CommonJS, then keep only production dependencies.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No scripts: `prepare` builds dist/, which needs src/ (copied below, then built by `npm run build`).
RUN npm ci --no-audit --no-fund --ignore-scripts
# What postinstall does: apply patches/ (README, Dependencies). The patched files outlive the prune.
COPY patches ./patches
RUN npx patch-package --error-on-fail
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY data ./data
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# Run: the compiled gateway as an unprivileged user, nothing else.
FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    CLOUDCONTROL_BACKEND=aws
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/data ./data
USER node
EXPOSE 4000
# The image has no curl; Node's own fetch asks /health.
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM reaches node directly (no shell, no npm), so shutdown drains requests in flight.
CMD ["node", "dist/server.js"]
