import { z } from "zod";
import { text } from "../safe-input";

export const displayName = text()
  .trim()
  .min(2, "Name must be at least 2 characters.")
  .max(80, "Name must be at most 80 characters.");

export const OnboardInput = z.object({ displayName });
export const UpdateProfileInput = z.object({ displayName });
