// read more about this file here ---> https://github.com/zeit/next.js/blob/canary/docs/basic-features/typescript.md
/* eslint spaced-comment: ["error", "always", { "markers": ["/"] }] */

/// <reference types="next" />
/// <reference types="next/types/global" />
