#!/usr/bin/env node
// Runs bin/whmapi1.ts through tsx, so `npx whmapi1` works from a checkout without a build step.
import { register } from "tsx/esm/api";

register();
await import("./whmapi1.ts");
