import { z } from "zod";
import { text } from "../safe-input";

const name = (what: string) =>
  text()
    .trim()
    .min(2, `${what} must be at least 2 characters.`)
    .max(80, `${what} must be at most 80 characters.`);

export const workspaceName = name("Workspace name");
export const teamName = name("Team name");
export const roleInput = z.enum(["owner", "admin", "member"], {
  error: "Role must be owner, admin or member.",
});
const id = (what: string) => z.uuid(`That is not a valid ${what} id.`);

export const CreateWorkspaceInput = z.object({ name: workspaceName });
export const RenameWorkspaceInput = z.object({ name: workspaceName });
export const MemberTargetInput = z.object({ userId: id("member") });
export const ChangeRoleInput = z.object({ userId: id("member"), role: roleInput });
export const AddSampleMembersInput = z.object({
  count: z.number().int().min(1).max(10, "Add at most 10 sample members at a time.").default(3),
});
export const CreateTeamInput = z.object({ name: teamName });
export const RenameTeamInput = z.object({ teamId: id("team"), name: teamName });
export const TeamTargetInput = z.object({ teamId: id("team") });
export const TeamMemberInput = z.object({ teamId: id("team"), userId: id("member") });

export const inviteToken = z
  .string()
  .min(1, "The invite link is missing its token.")
  .max(200, "That is not a valid invite link.");
export const CreateInviteInput = z.object({
  role: z.enum(["admin", "member"], { error: "An invite's role must be member or admin." }),
  teamId: id("team").nullish(),
  expiresInHours: z
    .number()
    .int("Expiry must be a whole number of hours.")
    .min(1, "An invite must last at least 1 hour.")
    .max(720, "An invite can last at most 30 days (720 hours).")
    .default(168),
  maxUses: z
    .number()
    .int("Uses must be a whole number.")
    .min(1, "An invite must allow at least 1 use.")
    .max(1000, "An invite can allow at most 1000 uses.")
    .default(1),
});
export const InviteTargetInput = z.object({ inviteId: id("invite") });
export const InviteTokenInput = z.object({ token: inviteToken });
