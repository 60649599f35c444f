// The one module the web client and the app SDK may import from the server: types only.
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "./trpc/router";

export type { AppRouter };
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type { Role } from "../db/schema/memberships";
export type { AuditCategory } from "./audit/catalog";
