interface ImportMetaEnv {
  /** The NovaVMS server the app calls (default http://localhost:4010). */
  readonly VITE_NOVAVMS_URL?: string;
}
interface ImportMeta {
  readonly env: ImportMetaEnv;
}
