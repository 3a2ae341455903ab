/*
 * acgan shared memory: the one piece of native code of the data plane.
 *
 *   map(path, bytes, create) -> ArrayBuffer over a MAP_SHARED mapping of a file in
 *     /dev/shm (create: O_CREAT|O_EXCL, mode 0600, sized with ftruncate and reserved
 *     with posix_fallocate, so that a full tmpfs is an error and not a SIGBUS; pages
 *     are populated up front so that the first step does not pay for page faults).
 *   meanInto(out, inputs, inv, from, to) -> all finite?  out[i] = f32(f32(((in0 + in1)
 *     + in2) + ...) * inv) for i in [from, to): the coordinator's average, summed in
 *     rank order. Float32 adds, then the scale in double rounded once to float32:
 *     exactly what the JavaScript reduction (bucket-reducer.ts, mean.ts) computes,
 *     bit for bit (built with -ffp-contract=off: no fused multiply-add).
 *
 * Built by scripts/build.mjs with the system's C compiler against the Node-API
 * headers; JavaScript falls back to sockets (or to its own loops) when it is absent.
 */
#include <node_api.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_INPUTS 1024

static napi_value fail(napi_env env, const char* code, const char* what, int err) {
  char msg[4352];
  snprintf(msg, sizeof msg, "%s: %s", what, strerror(err));
  napi_throw_error(env, code, msg);
  return NULL;
}

static void unmap(napi_env env, void* data, void* hint) {
  (void)env;
  munmap(data, (size_t)(uintptr_t)hint);
}

static napi_value Map(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 3) {
    napi_throw_type_error(env, "EARGS", "map(path, bytes, create)");
    return NULL;
  }
  char path[4096];
  size_t len = 0;
  double bytesD = 0;
  bool create = false;
  if (napi_get_value_string_utf8(env, argv[0], path, sizeof path, &len) != napi_ok || len == 0 || len >= sizeof path - 1 ||
      napi_get_value_double(env, argv[1], &bytesD) != napi_ok || !(bytesD > 0) || bytesD > 1e15 ||
      napi_get_value_bool(env, argv[2], &create) != napi_ok) {
    napi_throw_type_error(env, "EARGS", "map(path: string, bytes: positive number, create: boolean)");
    return NULL;
  }
  size_t bytes = (size_t)bytesD;
  int fd = open(path, create ? (O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC) : (O_RDWR | O_CLOEXEC), 0600);
  if (fd < 0) return fail(env, "EOPEN", path, errno);
  if (create && ftruncate(fd, (off_t)bytes) != 0) {
    int e = errno;
    close(fd);
    unlink(path);
    return fail(env, "ETRUNCATE", path, e);
  }
  /* Reserve the pages now: on a tmpfs that is too small (Docker's default /dev/shm is
   * 64 MB) this fails with ENOSPC here instead of a SIGBUS at the first write. */
  int fe = create ? posix_fallocate(fd, 0, (off_t)bytes) : 0;
  if (fe != 0 && fe != EOPNOTSUPP && fe != EINVAL) {
    close(fd);
    unlink(path);
    return fail(env, fe == ENOSPC ? "ENOSPC" : "EFALLOCATE", path, fe);
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || (size_t)st.st_size < bytes) {
    int e = errno ? errno : EINVAL;
    close(fd);
    return fail(env, "ESIZE", path, e);
  }
  void* p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);
  int e = errno;
  close(fd);
  if (p == MAP_FAILED) return fail(env, "EMMAP", path, e);
  napi_value ab;
  if (napi_create_external_arraybuffer(env, p, bytes, unmap, (void*)(uintptr_t)bytes, &ab) != napi_ok) {
    munmap(p, bytes);
    napi_throw_error(env, "EEXTERNAL", "napi_create_external_arraybuffer failed");
    return NULL;
  }
  return ab;
}

static int float32View(napi_env env, napi_value v, float** data, size_t* length) {
  napi_typedarray_type type;
  napi_value ab;
  size_t offset;
  void* d;
  if (napi_get_typedarray_info(env, v, &type, length, &d, &ab, &offset) != napi_ok || type != napi_float32_array) return 0;
  *data = (float*)d;
  return 1;
}

static napi_value MeanInto(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  float* out;
  size_t outLength;
  uint32_t k = 0;
  double inv, fromD, toD;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 5 || !float32View(env, argv[0], &out, &outLength) ||
      napi_get_array_length(env, argv[1], &k) != napi_ok || k < 1 || k > MAX_INPUTS || napi_get_value_double(env, argv[2], &inv) != napi_ok ||
      napi_get_value_double(env, argv[3], &fromD) != napi_ok || napi_get_value_double(env, argv[4], &toD) != napi_ok || !(fromD >= 0) || !(toD >= fromD) ||
      toD > (double)outLength) {
    napi_throw_type_error(env, "EARGS", "meanInto(out: Float32Array, inputs: Float32Array[], inv: number, from, to) with 0 <= from <= to <= out.length");
    return NULL;
  }
  const float* in[MAX_INPUTS];
  for (uint32_t r = 0; r < k; r++) {
    napi_value e;
    float* d;
    size_t n;
    if (napi_get_element(env, argv[1], r, &e) != napi_ok || !float32View(env, e, &d, &n) || (double)n < toD) {
      napi_throw_type_error(env, "EARGS", "meanInto: every input must be a Float32Array at least `to` long");
      return NULL;
    }
    in[r] = d;
  }
  size_t from = (size_t)fromD, to = (size_t)toD;
  int bad = 0;
  if (k == 2) {
    const float* a = in[0];
    const float* b = in[1];
    for (size_t i = from; i < to; i++) {
      float v = (float)((double)(a[i] + b[i]) * inv);
      out[i] = v;
      bad |= !isfinite(v);
    }
  } else {
    for (size_t i = from; i < to; i++) {
      float s = in[0][i];
      for (uint32_t r = 1; r < k; r++) s += in[r][i];
      float v = (float)((double)s * inv);
      out[i] = v;
      bad |= !isfinite(v);
    }
  }
  napi_value result;
  napi_get_boolean(env, !bad, &result);
  return result;
}

NAPI_MODULE_INIT() {
  napi_value map, mean;
  napi_create_function(env, "map", NAPI_AUTO_LENGTH, Map, NULL, &map);
  napi_create_function(env, "meanInto", NAPI_AUTO_LENGTH, MeanInto, NULL, &mean);
  napi_set_named_property(env, exports, "map", map);
  napi_set_named_property(env, exports, "meanInto", mean);
  return exports;
}
