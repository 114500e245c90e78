// The one page: the app decides on the client whether to ask for sign-in or show the workspace.
import { App } from "@/components/App";

export default function HomePage() {
  return <App />;
}
