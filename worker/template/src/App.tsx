import { Sparkles } from "lucide-react";

/** The starter screen, shown until the builder writes the app. */
export default function App() {
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="flex max-w-sm flex-col items-center text-center">
        <div className="mb-4 flex size-12 items-center justify-center rounded-full bg-primary/10 text-primary">
          <Sparkles className="size-6" aria-hidden="true" />
        </div>
        <h1 className="text-lg font-semibold tracking-tight">Your app will appear here</h1>
        <p className="mt-2 text-sm text-muted-foreground">
          Describe what your team needs in the chat. The builder writes the app and this preview
          updates as it works.
        </p>
      </div>
    </main>
  );
}
