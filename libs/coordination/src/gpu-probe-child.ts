/**
 * Child process of the device probes (gpu-probes.ts): asks Dawn for its adapter list and prints
 * one JSON line, `{"adapters": [{"backend", "name"}]}` or `{"error": "..."}`. Run as a child so
 * that Dawn (and the Vulkan drivers it loads) never enter the launcher's process; started with
 * MESA_VK_DEVICE_SELECT_DEBUG=1, so that Mesa's device-select layer, where installed, prints its
 * device list (with PCI addresses) on stderr while Dawn enumerates.
 *
 *   MESA_VK_DEVICE_SELECT_DEBUG=1 node --import tsx libs/coordination/src/gpu-probe-child.ts
 */
import { listWebgpuAdapters } from '@acgan/model';

let answer: { adapters: { backend: string; name: string }[] } | { error: string };
try {
  answer = { adapters: await listWebgpuAdapters() };
} catch (e) {
  answer = { error: e instanceof Error ? e.message : String(e) };
}
process.stdout.write(JSON.stringify(answer) + '\n', () => process.exit(0));
