import { fireEvent, render } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { useShortcuts } from "./shortcuts";

function Page({ handlers }: { handlers: Record<string, () => void> }) {
  useShortcuts(handlers);
  return (
    <div>
      <button type="button">A button</button>
      <input aria-label="A field" />
      <div role="dialog" aria-label="A dialog">
        <button type="button">In a dialog</button>
      </div>
    </div>
  );
}

describe("useShortcuts", () => {
  it("runs a shortcut pressed outside fields, and not while typing, in a dialog or with a modifier", () => {
    const newTask = vi.fn();
    const { getByRole } = render(<Page handlers={{ n: newTask }} />);
    fireEvent.keyDown(getByRole("button", { name: "A button" }), { key: "n" });
    expect(newTask).toHaveBeenCalledTimes(1);
    fireEvent.keyDown(getByRole("textbox", { name: "A field" }), { key: "n" });
    fireEvent.keyDown(getByRole("button", { name: "In a dialog" }), { key: "n" });
    fireEvent.keyDown(document.body, { key: "n", ctrlKey: true });
    expect(newTask).toHaveBeenCalledTimes(1);
  });
});
