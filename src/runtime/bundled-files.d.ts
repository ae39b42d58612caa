// Files the Worker bundle carries as modules (wrangler.toml [[rules]]): text files as a string, binary as bytes.
// Only worker-* modules import them; Node reads the same files from disk.
declare module '*.csv' {
  const text: string;
  export default text;
}
declare module '*.css' {
  const text: string;
  export default text;
}
declare module 'swagger-ui-dist/swagger-ui-bundle.js' {
  const text: string;
  export default text;
}
declare module '*.png' {
  const bytes: ArrayBuffer;
  export default bytes;
}
