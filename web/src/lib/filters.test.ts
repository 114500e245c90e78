import { describe, expect, it } from "vitest";

import {
  DEFAULT_FILTERS,
  type TaskFilters,
  filtersFromSearchParams,
  filtersToApiQuery,
  filtersToSearchParams,
  filtersToUrlQuery,
  parseTagList,
} from "./filters";

const everything: TaskFilters = {
  status: "all",
  priorities: ["high", "none"],
  tags: ["work", "home"],
  dueFrom: "2026-03-01",
  dueTo: "2026-03-31",
  overdue: true,
  q: "report",
  sort: "due",
  order: "desc",
};

describe("filters to the URL and the API", () => {
  it("leaves the defaults out", () => {
    expect(filtersToUrlQuery(DEFAULT_FILTERS)).toBe("");
    expect(filtersToApiQuery(DEFAULT_FILTERS, { limit: 100 }).toString()).toBe("limit=100");
  });

  it("writes every filter under the API's own parameter name", () => {
    expect(filtersToUrlQuery(everything)).toBe(
      "?status=all&priority=high&priority=none&tag=work&tag=home&due_from=2026-03-01&due_to=2026-03-31&overdue=true&q=report&sort=due&order=desc",
    );
  });

  it("gives the API the same parameters plus the page", () => {
    const query = filtersToApiQuery(everything, { limit: 50, cursor: "abc" });
    expect(query.getAll("priority")).toEqual(["high", "none"]);
    expect(query.getAll("tag")).toEqual(["work", "home"]);
    expect(query.get("limit")).toBe("50");
    expect(query.get("cursor")).toBe("abc");
    const withoutPage = new URLSearchParams(query);
    withoutPage.delete("limit");
    withoutPage.delete("cursor");
    expect(withoutPage.toString()).toBe(filtersToSearchParams(everything).toString());
  });
});

describe("filters from the URL", () => {
  it("reads what it writes (round trip both ways)", () => {
    expect(filtersFromSearchParams(filtersToSearchParams(everything))).toEqual(everything);
    const url = "status=completed&priority=low&tag=errands&overdue=true&sort=title&order=asc";
    expect(filtersToSearchParams(filtersFromSearchParams(new URLSearchParams(url))).toString()).toBe(url);
  });

  it("reads an empty query as the defaults", () => {
    expect(filtersFromSearchParams(new URLSearchParams(""))).toEqual(DEFAULT_FILTERS);
  });

  it("ignores values the API would refuse", () => {
    const filters = filtersFromSearchParams(
      new URLSearchParams("status=maybe&priority=urgent&priority=high&tag=a%20b&tag=Work&due_from=yesterday&overdue=1&sort=size&order=up"),
    );
    expect(filters).toEqual({ ...DEFAULT_FILTERS, priorities: ["high"], tags: ["work"] });
  });

  it("drops repeated values and trims the search", () => {
    const filters = filtersFromSearchParams(new URLSearchParams("priority=high&priority=high&q=%20milk%20"));
    expect(filters.priorities).toEqual(["high"]);
    expect(filters.q).toBe("milk");
  });
});

describe("parseTagList", () => {
  it("splits on spaces and commas, drops # and case, keeps each once", () => {
    expect(parseTagList("#Work, home  work bad!tag")).toEqual(["work", "home"]);
  });
});
