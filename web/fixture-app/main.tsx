import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { Notes } from "./notes";
import "./style.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <Notes />
  </StrictMode>,
);
