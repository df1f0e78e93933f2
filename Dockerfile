# One image for every Konstruct service: Node 24 runs the TypeScript sources directly (type
# stripping), so there is no build step. `konstruct start [service…]` picks what runs.
FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY . .
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
USER node
EXPOSE 3001 9464
ENTRYPOINT ["node", "services/cli/src/bin.ts"]
CMD ["start"]
