import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute, Link, useNavigate } from "@tanstack/react-router";
import { TRPCClientError } from "@trpc/client";
import { LinkIcon, ShieldCheck, UserPlus } from "lucide-react";
import { BrandLockup } from "../../components/brand";
import { NameStep } from "../../components/onboarding/name-step";
import { Button } from "../../components/ui/button";
import { Callout } from "../../components/ui/callout";
import { Spinner } from "../../components/ui/spinner";
import { errorMessage } from "../../lib/errors";
import { ROLE_LABEL } from "../../lib/roles";
import { useTRPC } from "../../lib/trpc";
import { useTitle } from "../../lib/use-title";

export const Route = createFileRoute("/invite/$token")({
  loader: ({ context: { queryClient, trpc } }) =>
    queryClient.ensureQueryData(trpc.auth.session.queryOptions()),
  component: InvitePage,
});

const PROBLEM_TITLE: Record<string, string> = {
  unknown: "This invite link is not valid",
  expired: "This invite link has expired",
  revoked: "This invite link was revoked",
  used_up: "This invite link has been used up",
};

function detailOf(err: unknown): string {
  const data = err instanceof TRPCClientError ? (err.data as { detail?: string }) : undefined;
  return data?.detail ?? "unknown";
}

function Frame({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main className="flex min-h-dvh items-center justify-center bg-(--background) p-6">
      <div className="w-full max-w-md">
        <div className="mb-6 flex justify-center">
          <BrandLockup />
        </div>
        <div className="rounded-2xl border bg-(--card) p-8 shadow-sm">
          <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
          <div className="mt-4">{children}</div>
        </div>
      </div>
    </main>
  );
}

function InvitePage() {
  const { token } = Route.useParams();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { data: session } = useSuspenseQuery(trpc.auth.session.queryOptions());
  const preview = useQuery({
    ...trpc.invites.preview.queryOptions({ token }),
    retry: false,
  });
  const accept = useMutation(
    trpc.invites.accept.mutationOptions({
      meta: { inlineErrors: true },
      onSuccess: async (out) => {
        await queryClient.invalidateQueries();
        navigate({ to: "/w/$workspaceId", params: { workspaceId: out.workspaceId } });
      },
    }),
  );
  useTitle("Invitation");

  if (preview.isPending) {
    return (
      <Frame title="Opening your invitation…">
        <Spinner />
      </Frame>
    );
  }
  if (preview.isError) {
    const detail = detailOf(preview.error);
    return (
      <Frame title={PROBLEM_TITLE[detail] ?? PROBLEM_TITLE.unknown!}>
        <Callout icon={LinkIcon} tone="danger" title="Nothing was changed">
          <span data-testid="invite-problem" data-reason={detail}>
            {errorMessage(preview.error)}
          </span>
        </Callout>
        <Link to="/" className="mt-6 inline-block text-sm text-(--primary) hover:underline">
          Go to Second
        </Link>
      </Frame>
    );
  }
  const invite = preview.data;
  const what = `${ROLE_LABEL[invite.role]}${invite.teamName ? ` in the ${invite.teamName} team` : ""}`;
  return (
    <Frame title={`Join ${invite.workspaceName}`}>
      <p className="text-sm leading-relaxed text-(--muted-foreground)">
        You are invited to the workspace <strong>{invite.workspaceName}</strong> as{" "}
        <strong>{what}</strong>.
      </p>
      <div className="mt-6">
        {invite.alreadyMember ? (
          <Callout icon={ShieldCheck} tone="success" title="You are already a member">
            <Link
              to="/w/$workspaceId"
              params={{ workspaceId: invite.workspaceId }}
              className="text-(--primary) hover:underline"
            >
              Go to {invite.workspaceName}
            </Link>
          </Callout>
        ) : session.user ? (
          <>
            <p className="mb-3 text-sm">Signed in as {session.user.displayName}.</p>
            <Button
              size="lg"
              className="w-full"
              loading={accept.isPending}
              onClick={() => accept.mutate({ token })}
            >
              {accept.isPending ? null : <UserPlus />}
              Join {invite.workspaceName}
            </Button>
            {accept.error ? (
              <p role="alert" className="mt-3 text-sm text-(--destructive)">
                {errorMessage(accept.error)}
              </p>
            ) : null}
          </>
        ) : session.selfOnboarding ? (
          <NameStep onDone={() => preview.refetch()} />
        ) : (
          <Callout icon={ShieldCheck} title="Sign in to continue">
            Sign in through your organization's identity provider, then open this link again.
          </Callout>
        )}
      </div>
    </Frame>
  );
}
