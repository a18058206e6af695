import "./styles/app.css";
import "./styles/polish.css";
import "./styles/people.css";
import "./styles/e2ee.css";
import { registerServiceWorker } from "./net/service_worker";
import { App } from "./ui/app";

const root = document.getElementById("app");
if (root) void new App(root).start();
registerServiceWorker();
