import { Fields } from "../fields";
import { texmlNotFound } from "../http";
import { route } from "../router";

/** A toy REST resource (scratch: proves a new resource is one module). */
interface WidgetRecord {
  sid: string;
  name: string;
  createdMs: number;
}

export const routes = [
  route(
    "POST",
    "/toy_widgets",
    "CreateToyWidget",
    (req, ctx) => {
      const name = new Fields(req.body).string("name", { required: true })!;
      const sid = ctx.store.ids.intId();
      ctx.store.collection<WidgetRecord>("widgets").set(sid, { sid, name, createdMs: ctx.now() });
      ctx.store.touch();
      return { status: 201, body: { data: { sid, name } } };
    },
    { requestMediaType: "application/json" },
  ),
  route("GET", "/toy_widgets/{sid}", "GetToyWidget", (req, ctx) => {
    const widget = ctx.store.collection<WidgetRecord>("widgets").get(req.params.sid!);
    if (!widget) throw texmlNotFound();
    return { status: 200, body: { data: widget } };
  }),
];
