import { useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute, Link, useNavigate } from "@tanstack/react-router";
import { ShieldCheck } from "lucide-react";
import { useState } from "react";
import { NameStep } from "../components/onboarding/name-step";
import { OnboardingFrame } from "../components/onboarding/onboarding-frame";
import { Callout } from "../components/ui/callout";
import { WorkspaceForm } from "../components/workspace-form";
import { useTRPC } from "../lib/trpc";
import { useTitle } from "../lib/use-title";

export const Route = createFileRoute("/onboarding")({
  loader: ({ context: { queryClient, trpc } }) =>
    queryClient.ensureQueryData(trpc.auth.session.queryOptions()),
  component: Onboarding,
});

function Onboarding() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const { data: session } = useSuspenseQuery(trpc.auth.session.queryOptions());
  const [name, setName] = useState<string | null>(null);
  const signedInAs = session.user?.displayName ?? name;
  const step = signedInAs ? 2 : 1;
  useTitle("Welcome");

  if (!session.user && !session.selfOnboarding) {
    return (
      <OnboardingFrame step={1} title="Sign in to Second" description="">
        <Callout icon={ShieldCheck} title="This server uses single sign-on">
          Sign in through your organization's identity provider to continue.
        </Callout>
      </OnboardingFrame>
    );
  }

  if (step === 1) {
    return (
      <OnboardingFrame
        step={1}
        title="Welcome to Second"
        description="Build internal apps with AI agents, governed by your team. First, what should we call you?"
      >
        <NameStep onDone={setName} />
      </OnboardingFrame>
    );
  }

  return (
    <OnboardingFrame
      step={2}
      title="Create your company workspace"
      description={`Nice to meet you, ${signedInAs}. A workspace holds your team's apps, members and settings.`}
      footer={
        session.user ? (
          <Link to="/" className="text-(--primary) hover:underline">
            Back to my workspaces
          </Link>
        ) : null
      }
    >
      <WorkspaceForm
        onDone={(id) => navigate({ to: "/w/$workspaceId", params: { workspaceId: id } })}
      />
    </OnboardingFrame>
  );
}
