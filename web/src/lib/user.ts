// The signed-in user for the components below the workspace: above all their time zone, in
// which every date is shown and edited; and a clock for relative times ("in 3 hours").

import type { ZonedDateTime } from "@internationalized/date";
import { createContext, useContext, useEffect, useMemo, useState } from "react";

import type { User } from "./api/types";
import { currentTime } from "./time/zoned";

export const UserContext = createContext<User | null>(null);

export function useUser(): User {
  const user = useContext(UserContext);
  if (!user) throw new Error("useUser needs the workspace's UserContext");
  return user;
}

export function useZone(): string {
  return useUser().timezone;
}

/** The current time in the zone, refreshed every half minute. */
export function useNow(zone: string): ZonedDateTime {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((count) => count + 1), 30_000);
    return () => clearInterval(timer);
  }, []);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the tick is what makes the time move on
  return useMemo(() => currentTime(zone), [zone, tick]);
}
