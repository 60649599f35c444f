import { z } from "zod";

export const displayName = z
  .string()
  .trim()
  .min(2, "Name must be at least 2 characters.")
  .max(80, "Name must be at most 80 characters.");

export const OnboardInput = z.object({ displayName });
export const UpdateProfileInput = z.object({ displayName });
