import type { FastifyReply, FastifyRequest } from "fastify";
import { redirectWithFlash, sendPage, view } from "../../web/http.ts";
import { urls } from "../../web/urls.ts";
import { FailedJobsView } from "./views.tsx";

/** The administrators' list of jobs that failed for good, each with « Réessayer ». */
export async function failedJobs(request: FastifyRequest, reply: FastifyReply) {
  const { jobs, total } = await request.server.communs.jobsAdmin.failed(request.person);
  const ctx = view(request, reply);
  return sendPage(
    reply,
    ctx,
    ctx.t("jobs.failedTitle"),
    <FailedJobsView ctx={ctx} jobs={jobs} total={total} />,
  );
}

export async function retryJob(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
  await request.server.communs.jobsAdmin.retry(request.person, request.params.id);
  return redirectWithFlash(reply, urls.failedJobs(), "jobs.retried");
}
