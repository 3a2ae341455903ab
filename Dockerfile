# The image of a cluster job's tasks (deploy/k8s): `acgan launch` on one GPU per pod.
#
#   docker build -t registry.example.com/acgan:0.1.0 .
#
# Everything comes from the npm registry and Debian's apt repositories, with one
# exception that is off by default: see TFJS_NODE below.
#
# Backends in this image (README "GPU"):
#  - default build: webgpu (Dawn, prebuilt inside the npm package `webgpu`) on the GPU's
#    Vulkan driver, else wasm. On Kubernetes with the NVIDIA device plugin, the NVIDIA
#    container toolkit mounts the driver's Vulkan ICD into the container only when the
#    `graphics` driver capability is asked for (NVIDIA_DRIVER_CAPABILITIES below);
#    libvulkan1 (the loader) comes from apt. `acgan doctor` in a pod says what works.
#  - TFJS_NODE=1: also @tensorflow/tfjs-node and @tensorflow/tfjs-node-gpu (CUDA). Their
#    install scripts download libtensorflow 2.9.1 from storage.googleapis.com, which is
#    OUTSIDE the package registries, and the CUDA backend also needs the CUDA 11 runtime
#    libraries and cuDNN 8 at run time, which node:20-slim does not have (README "GPU"
#    says how to add them; or start from a CUDA 11.8 + cuDNN 8 runtime image with
#    Node 20 instead of node:20-slim). Without TFJS_NODE=1 the two packages are left
#    out of the image, exactly as npm leaves them out when their download fails.
#
# Not built here: the machine this was written on has no Docker; deploy/src/manifests.spec.ts
# checks what can be checked without building (base image, npm ci, COPY sources, no
# downloads by URL).

ARG TFJS_NODE=0

FROM node:20-slim AS build
ARG TFJS_NODE
# gcc + libc6-dev: the root postinstall compiles libs/shm's C addon (the shared-memory
# data plane) against node-api-headers from npm; without them it is silently off.
RUN apt-get update \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends gcc libc6-dev \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Every workspace's sources: npm ci needs each workspace's package.json, the postinstall
# needs libs/shm, and the CLI runs the TypeScript sources through tsx (no build step).
COPY package.json package-lock.json tsconfig.base.json ./
COPY libs/ libs/
COPY apps/ apps/
# --ignore-scripts: no dependency's install script runs unasked (tfjs-node's would reach
# outside the registries); the ones this image needs run by name below. zeromq's and
# webgpu's are no-ops on linux-x64 (prebuilt binaries inside their npm packages).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
  && npm rebuild zeromq webgpu \
  && node libs/shm/scripts/build.mjs \
  && test -f libs/shm/build/shm.node \
  && if [ "$TFJS_NODE" = "1" ]; then \
       npm rebuild @tensorflow/tfjs-node @tensorflow/tfjs-node-gpu; \
     else \
       rm -rf node_modules/@tensorflow/tfjs-node node_modules/@tensorflow/tfjs-node-gpu; \
     fi \
  && npm cache clean --force

FROM node:20-slim
# libvulkan1: the Vulkan loader Dawn (webgpu backend) opens; the GPU's ICD comes from the driver.
RUN apt-get update \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libvulkan1 \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility,graphics
WORKDIR /app
COPY --from=build /app /app
# node:20-slim's unprivileged user (uid 1000); the Job's securityContext says the same.
USER node
# node itself, not npx: launch is then the process that gets the pod's SIGTERM and
# passes it on to its coordinator and worker.
ENTRYPOINT ["node", "/app/apps/cli/bin/acgan.mjs"]
CMD ["--help"]
