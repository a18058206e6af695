import "./styles/app.css";
import "./styles/polish.css";
import { App } from "./ui/app";

const root = document.getElementById("app");
if (root) void new App(root).start();
