/** Injected by the build (esbuild `define`) from package.json. */
declare const __HOLDFAST_VERSION__: string | undefined;
export const APP_VERSION: string = typeof __HOLDFAST_VERSION__ === 'string' ? __HOLDFAST_VERSION__ : '0.0.0-dev';
