/** `?raw` imports: the file's text (Vite in tests, an esbuild plugin in the bundle). */
declare module '*?raw' {
  const text: string;
  export default text;
}
