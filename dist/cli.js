#!/usr/bin/env node
globalThis.__EKS_KMS_GUARD_CLI__ = true
await import('./index.js')
