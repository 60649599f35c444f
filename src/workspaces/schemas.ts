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
