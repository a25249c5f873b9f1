// The measuring page served to headless Chromium: stock TF.js (tf.min.js) and its wasm backend,
// nothing of nasflow. window.nasflow lets the driver pick a backend, load exported LayersModels
// and time them exactly as a web app would run one: upload a fresh input tensor, predict, await
// the logits, dispose — `forwards` times per sample, the mean reported in ms.
export const PAGE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>nasflow latency</title>
<script src="/tf.min.js"></script>
<script src="/tf-backend-wasm.min.js"></script>
<script>
window.nasflow = (() => {
  const models = new Map();
  let shape = [], data = new Float32Array(0);
  const get = (k) => { const m = models.get(k); if (!m) throw new Error('no model ' + k); return m; };
  async function once(m) {
    const x = tf.tensor(data, shape, 'float32');
    const y = m.predict(x);
    await y.data();
    y.dispose();
    x.dispose();
  }
  return {
    async init(backend, threads) {
      tf.wasm.setWasmPaths('/wasm/');
      if (threads) tf.wasm.setThreadsCount(threads);
      if (!(await tf.setBackend(backend))) throw new Error('backend ' + backend + ' did not start');
      await tf.ready();
      const info = { backend: tf.getBackend(), tfjsVersion: tf.version.tfjs, isolated: self.crossOriginIsolated === true, threads: 1, detail: '' };
      if (backend === 'wasm') {
        info.threads = tf.wasm.getThreadsCount();
        const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
        const mt = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
        info.detail = 'wasm ' + (simd ? 'SIMD' : 'scalar') + (mt ? ', threaded' : ', single-threaded') + ' binary';
      }
      if (backend === 'webgl') {
        const gl = document.createElement('canvas').getContext('webgl2') || document.createElement('canvas').getContext('webgl');
        const ext = gl && gl.getExtension('WEBGL_debug_renderer_info');
        info.renderer = gl ? String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : 'no WebGL context';
        info.detail = 'webgl renderer ' + info.renderer;
      }
      return info;
    },
    setInput(s) {
      shape = s;
      data = new Float32Array(s.reduce((a, b) => a * b, 1));
      for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 12.9898) * 0.5;
    },
    async load(list) {
      for (const [key, url] of list) models.set(key, await tf.loadLayersModel(url));
    },
    async warm(keys, n) {
      for (const k of keys) for (let i = 0; i < n; i++) await once(get(k));
    },
    async time(keys, forwards) {
      const out = [];
      for (const k of keys) {
        const m = get(k);
        const t0 = performance.now();
        for (let i = 0; i < forwards; i++) await once(m);
        out.push((performance.now() - t0) / forwards);
      }
      return out;
    },
    dispose() {
      for (const m of models.values()) m.dispose();
      models.clear();
    },
  };
})();
</script></head><body>nasflow latency page</body></html>
`;
