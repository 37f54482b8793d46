/**
 * The SDK's own version, sent in the default User-Agent. A test keeps it equal to the
 * `version` of package.json (importing package.json would put the whole manifest into
 * browser bundles).
 */
export const sdkVersion = '1.0.0';
