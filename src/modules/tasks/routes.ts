import { GET, POST } from "../../web/routes.ts";
import * as api from "./api.ts";
import {
  claimTaskExpense,
  createTask,
  dropTask,
  editTask,
  editTaskForm,
  finishTask,
  newTask,
  releaseTask,
  takeTask,
  taskBoard,
  taskPage,
} from "./pages.tsx";
import { manageTaskGroups, taskGroups } from "./pages-groups.tsx";

export const taskRoutes = [
  GET("/espaces/:slug/taches", taskBoard),
  GET("/espaces/:slug/taches/nouvelle", newTask),
  POST("/espaces/:slug/taches/nouvelle", createTask),
  GET("/espaces/:slug/taches/groupes", taskGroups),
  POST("/espaces/:slug/taches/groupes", manageTaskGroups),
  GET("/espaces/:slug/taches/:task", taskPage),
  GET("/espaces/:slug/taches/:task/modifier", editTaskForm),
  POST("/espaces/:slug/taches/:task/modifier", editTask),
  POST("/espaces/:slug/taches/:task/prendre", takeTask),
  POST("/espaces/:slug/taches/:task/lacher", releaseTask),
  POST("/espaces/:slug/taches/:task/terminer", finishTask),
  POST("/espaces/:slug/taches/:task/abandonner", dropTask),
  POST("/espaces/:slug/taches/:task/depense", claimTaskExpense, { upload: "receipt" }),

  GET("/api/v1/spaces/:slug/tasks", api.listTasks, { schema: api.listTasksSchema }),
  POST("/api/v1/spaces/:slug/tasks", api.createTask, { schema: api.createTaskSchema }),
  GET("/api/v1/tasks/:id", api.getTask, { schema: api.getTaskSchema }),
  POST("/api/v1/tasks/:id/take", api.takeTask, api.takeTaskOptions),
  POST("/api/v1/tasks/:id/release", api.releaseTask, api.releaseTaskOptions),
  POST("/api/v1/tasks/:id/done", api.finishTask, api.finishTaskOptions),
];
