import { TRPCError } from "@trpc/server";
import { authedProcedure, publicProcedure, router, tenantProcedure } from "../trpc/init";
import { acceptInvite, createInvite, listInvites, previewInvite, revokeInvite } from "./invites";
import { changeRole, listMembers, removeMember } from "./members";
import { addSampleMembers } from "./sample-members";
import {
  AddSampleMembersInput,
  ChangeRoleInput,
  CreateInviteInput,
  CreateTeamInput,
  CreateWorkspaceInput,
  InviteTargetInput,
  InviteTokenInput,
  MemberTargetInput,
  RenameTeamInput,
  RenameWorkspaceInput,
  TeamMemberInput,
  TeamTargetInput,
} from "./schemas";
import {
  addTeamMember,
  createTeam,
  deleteTeam,
  listTeams,
  removeTeamMember,
  renameTeam,
} from "./teams";
import { createWorkspace, getWorkspace, listMyWorkspaces, renameWorkspace } from "./workspaces";

export const workspacesRouter = router({
  list: authedProcedure.query(({ ctx }) => listMyWorkspaces(ctx.deps.db.db, ctx.identity.userId)),
  create: authedProcedure.input(CreateWorkspaceInput).mutation(async ({ ctx, input }) => {
    const ws = await createWorkspace(ctx.deps.db.db, ctx.identity, input.name, ctx.requestId);
    ctx.deps.sealer.schedule(ws.id);
    return ws;
  }),
  get: tenantProcedure.query(({ ctx }) => getWorkspace(ctx.tenant)),
  rename: tenantProcedure
    .input(RenameWorkspaceInput)
    .mutation(({ ctx, input }) => renameWorkspace(ctx.tenant, input.name)),
});

export const membersRouter = router({
  list: tenantProcedure.query(({ ctx }) => listMembers(ctx.tenant)),
  changeRole: tenantProcedure
    .input(ChangeRoleInput)
    .mutation(({ ctx, input }) => changeRole(ctx.tenant, input.userId, input.role)),
  remove: tenantProcedure
    .input(MemberTargetInput)
    .mutation(({ ctx, input }) => removeMember(ctx.tenant, input.userId)),
  addSamples: tenantProcedure.input(AddSampleMembersInput).mutation(({ ctx, input }) => {
    if (ctx.deps.auth.mode !== "none") {
      throw new TRPCError({
        code: "PRECONDITION_FAILED",
        message:
          "Sample members exist only in local mode; invite people through your identity provider.",
      });
    }
    return addSampleMembers(ctx.tenant, input.count);
  }),
});

export const teamsRouter = router({
  list: tenantProcedure.query(({ ctx }) => listTeams(ctx.tenant)),
  create: tenantProcedure
    .input(CreateTeamInput)
    .mutation(({ ctx, input }) => createTeam(ctx.tenant, input.name)),
  rename: tenantProcedure
    .input(RenameTeamInput)
    .mutation(({ ctx, input }) => renameTeam(ctx.tenant, input.teamId, input.name)),
  delete: tenantProcedure
    .input(TeamTargetInput)
    .mutation(({ ctx, input }) => deleteTeam(ctx.tenant, input.teamId)),
  addMember: tenantProcedure
    .input(TeamMemberInput)
    .mutation(({ ctx, input }) => addTeamMember(ctx.tenant, input.teamId, input.userId)),
  removeMember: tenantProcedure
    .input(TeamMemberInput)
    .mutation(({ ctx, input }) => removeTeamMember(ctx.tenant, input.teamId, input.userId)),
});

export const invitesRouter = router({
  list: tenantProcedure.query(({ ctx }) => listInvites(ctx.tenant)),
  create: tenantProcedure
    .input(CreateInviteInput)
    .mutation(({ ctx, input }) => createInvite(ctx.tenant, input)),
  revoke: tenantProcedure
    .input(InviteTargetInput)
    .mutation(({ ctx, input }) => revokeInvite(ctx.tenant, input.inviteId)),
  /** Public: a link holder sees the workspace and role before signing in. */
  preview: publicProcedure.input(InviteTokenInput).query(async ({ ctx, input }) => {
    const identity = await ctx.identity();
    return previewInvite(ctx.deps.db.db, input.token, identity?.userId ?? null);
  }),
  accept: authedProcedure.input(InviteTokenInput).mutation(async ({ ctx, input }) => {
    const out = await acceptInvite(ctx.deps.db.db, ctx.identity, input.token, ctx.requestId);
    if (!out.alreadyMember) {
      ctx.deps.sealer.schedule(out.workspaceId);
      ctx.deps.live.notifier.changed(out.workspaceId);
    }
    return out;
  }),
});
