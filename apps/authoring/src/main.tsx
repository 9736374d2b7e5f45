// Monaco is not imported here: the editor and the diff editor load it lazily
// (features/editor/editor-pane.tsx, features/diff/diff-editor.tsx), so the first view
// draws from a small entry chunk.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { I18nProvider } from "./i18n/i18n.js";
import { App } from "./app.js";
import "./styles.css";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <I18nProvider>
      <App />
    </I18nProvider>
  </StrictMode>,
);
