"use client";
// The app's root: server state (TanStack Query) and the session, which chooses between the
// sign-in screen and the workspace. Nothing is rendered from storage before hydration.

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState, useSyncExternalStore } from "react";

import { ApiError } from "@/lib/api/client";
import { type SessionState, getSessionState, subscribeSession } from "@/lib/api/session";

import { AuthScreen } from "./auth/AuthScreen";
import { Workspace } from "./shell/Workspace";

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (failures, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
      },
    },
  });
}

const unknownSession = null;

function useSession(): SessionState | null {
  return useSyncExternalStore(subscribeSession, getSessionState, () => unknownSession);
}

export function App() {
  const [queryClient] = useState(makeQueryClient);
  const session = useSession();
  const signedOut = session?.status === "signed-out";
  useEffect(() => {
    if (signedOut) queryClient.clear();
  }, [signedOut, queryClient]);
  return (
    <QueryClientProvider client={queryClient}>
      {session === null ? (
        <p className="page-loading" role="status">
          Loading…
        </p>
      ) : session.status === "signed-in" ? (
        <Workspace key={session.session.user.id} user={session.session.user} />
      ) : (
        <AuthScreen expired={session.expired} />
      )}
    </QueryClientProvider>
  );
}
