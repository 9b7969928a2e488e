import type { LinksFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher } from "@remix-run/react";
import type { loadThread, threadAction } from "../lib/thread-route.server";
import { ideaStatuses, statusLabels } from "../domain/ideas/idea.schema";
import { threadUrl } from "../lib/urls";
import { Badge } from "./badge";
import { describedBy, Field, fieldLinks } from "./field";
import { RelativeTime } from "./time";
import proseStyles from "../styles/prose.css";
import ideaPanelStyles from "../styles/idea-panel.css";

/** The sheets the idea panel and the promote form need (notes are user Markdown). */
export const ideaPanelLinks: LinksFunction = () => [
  ...fieldLinks(),
  { rel: "stylesheet", href: proseStyles },
  { rel: "stylesheet", href: ideaPanelStyles },
];

type Data = Awaited<ReturnType<typeof loadThread>>;
type Panel = NonNullable<Data["idea"]>;

const statusTone = {
  new: "neutral",
  under_review: "info",
  planned: "info",
  in_progress: "warning",
  shipped: "success",
  declined: "neutral",
} as const;

export function StatusBadge({ status }: { status: keyof typeof statusLabels }) {
  return <Badge tone={statusTone[status]}>{statusLabels[status]}</Badge>;
}

function VoteButton({ panel }: { panel: Panel }) {
  const fetcher = useFetcher<{
    ideaVote?: {
      voted: boolean;
      count: number;
      budget: { total: number; left: number } | null;
    };
    message?: string;
  }>();
  const pending = fetcher.formData
    ? fetcher.formData.get("value") === "on"
    : null;
  const voted = pending ?? fetcher.data?.ideaVote?.voted ?? panel.voted;
  const count =
    pending === null
      ? (fetcher.data?.ideaVote?.count ?? panel.votes)
      : panel.votes + (pending === panel.voted ? 0 : pending ? 1 : -1);
  const budget = fetcher.data?.ideaVote
    ? fetcher.data.ideaVote.budget
    : panel.budget;
  const refusal =
    fetcher.data && !fetcher.data.ideaVote ? fetcher.data.message : null;
  return (
    <div className="idea-vote">
      <div className="idea-vote__count" aria-live="polite">
        <strong>{count}</strong> {count === 1 ? "vote" : "votes"}
      </div>
      {panel.canVote ? (
        <fetcher.Form method="post" preventScrollReset>
          <input type="hidden" name="intent" value="vote" />
          <input type="hidden" name="value" value={voted ? "off" : "on"} />
          <button
            type="submit"
            className={`button ${voted ? "button--pressed" : "button--primary"}`}
            aria-pressed={voted}
          >
            {voted ? "✓ Voted" : "Vote for this idea"}
          </button>
        </fetcher.Form>
      ) : (
        <p className="muted small">{panel.voteRefusal}</p>
      )}
      {budget ? (
        <p className="muted small">
          {budget.left} of {budget.total} votes left
        </p>
      ) : null}
      <p className="form-message" role="alert" hidden={!refusal}>
        {refusal ?? ""}
      </p>
    </div>
  );
}

function timelineText(entry: Panel["timeline"][number]) {
  switch (entry.type) {
    case "status":
      return `moved it from ${statusLabels[entry.fromStatus as keyof typeof statusLabels] ?? entry.fromStatus} to ${statusLabels[entry.toStatus as keyof typeof statusLabels] ?? entry.toStatus}`;
    case "promoted":
      return "promoted it from a support thread";
    case "merged_from":
      return "merged a duplicate idea into it";
    case "merged_into":
      return "merged it into another idea";
    case "linked":
      return "linked a thread";
    case "unlinked":
      return "unlinked a thread";
    default:
      return entry.type;
  }
}

export function IdeaPanel({ data }: { data: Data }) {
  const panel = data.idea!;
  const action = useActionData<typeof threadAction>();
  const errors = (action && "errors" in action ? action.errors : {}) as Record<
    string,
    string
  >;
  return (
    <section className="idea-panel" aria-label="Idea status and votes">
      {panel.mergedInto ? (
        <p className="notice notice--warning">
          This idea was merged into{" "}
          <Link to={threadUrl(panel.mergedInto)}>{panel.mergedInto.title}</Link>
          : its votes are counted there.
        </p>
      ) : null}
      <div className="idea-panel__summary">
        <div>
          {panel.mergedInto ? <span className="badge badge--neutral">Merged</span> : <StatusBadge status={panel.status} />}
          <p className="idea-panel__customers">
            <strong>{panel.customersAffected}</strong>{" "}
            {panel.customersAffected === 1 ? "customer" : "customers"} affected
          </p>
        </div>
        <VoteButton panel={panel} />
      </div>

      {panel.linked.length ? (
        <div>
          <h2 className="idea-panel__heading">Linked threads</h2>
          <ul className="linked-threads">
            {panel.linked.map((t) => (
              <li key={t.id}>
                <Link to={threadUrl(t)}>{t.title}</Link>{" "}
                <span className="muted small">
                  by {t.authorUsername}
                  {t.meTooCount ? ` · ${t.meTooCount} have this too` : ""}
                  {t.isSource ? " · promoted from here" : ""}
                </span>
                {panel.canTriage ? (
                  <Form
                    method="post"
                    className="inline-form"
                    preventScrollReset
                  >
                    <input type="hidden" name="intent" value="unlink" />
                    <input type="hidden" name="threadId" value={t.id} />
                    <button
                      type="submit"
                      className="button button--small button--ghost"
                    >
                      Unlink<span className="visually-hidden"> {t.title}</span>
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {panel.timeline.length ? (
        <div>
          <h2 className="idea-panel__heading">Timeline</h2>
          <ol className="timeline">
            {panel.timeline.map((entry) => (
              <li key={entry.id}>
                <span>
                  <strong>{entry.actorUsername}</strong> {timelineText(entry)}
                  {entry.otherThreadId && entry.otherTitle ? (
                    <>
                      {": "}
                      <Link
                        to={threadUrl({
                          id: entry.otherThreadId,
                          slug: entry.otherSlug ?? "",
                        })}
                      >
                        {entry.otherTitle}
                      </Link>
                    </>
                  ) : null}{" "}
                  <span className="muted small">
                    <RelativeTime date={entry.createdAt} />
                  </span>
                </span>
                {entry.note ? (
                  <p className="timeline__note">{entry.note}</p>
                ) : null}
              </li>
            ))}
          </ol>
        </div>
      ) : null}

      {panel.canTriage ? (
        <div className="triage">
          <details
            className="triage__tools"
            open={Boolean(errors.status || errors.note || errors.thread)}
          >
            <summary>Triage: status, links, merges</summary>
            <Form method="post" className="stack" preventScrollReset>
              <input type="hidden" name="intent" value="status" />
              <Field id="status" label="Status" error={errors.status}>
                <select id="status" name="status" defaultValue={panel.status}>
                  {ideaStatuses.map((s) => (
                    <option key={s} value={s}>
                      {statusLabels[s]}
                    </option>
                  ))}
                </select>
              </Field>
              <Field
                id="status-note"
                label="Public note (required for Shipped and Declined)"
                error={errors.note}
              >
                <textarea
                  id="status-note"
                  name="note"
                  rows={3}
                  aria-describedby={describedBy("status-note", errors.note)}
                  aria-invalid={errors.note ? true : undefined}
                />
              </Field>
              <div className="form-actions">
                <button type="submit" className="button button--primary">
                  Change status
                </button>
              </div>
            </Form>
            <Form method="post" className="stack" preventScrollReset>
              <input type="hidden" name="intent" value="link" />
              <Field
                id="link-thread"
                label="Link a support thread (link or number)"
                error={errors.thread}
              >
                <input
                  id="link-thread"
                  name="thread"
                  aria-describedby={describedBy("link-thread", errors.thread)}
                  aria-invalid={errors.thread ? true : undefined}
                />
              </Field>
              <div className="form-actions">
                <button type="submit" className="button button--ghost">
                  Link thread
                </button>
              </div>
            </Form>
            <Form method="post" className="stack" preventScrollReset>
              <input type="hidden" name="intent" value="merge" />
              <Field
                id="merge-thread"
                label="Merge a duplicate idea into this one (link or number)"
              >
                <input id="merge-thread" name="thread" />
              </Field>
              <div className="form-actions">
                <button type="submit" className="button button--ghost">
                  Merge duplicate here
                </button>
              </div>
            </Form>
          </details>
          <section className="internal-notes" aria-labelledby="notes-heading">
            <h2 id="notes-heading" className="idea-panel__heading">
              Internal notes{" "}
              <Badge tone="warning">Staff and product only</Badge>
            </h2>
            {panel.notes?.length ? (
              <ul className="internal-notes__list">
                {panel.notes.map((note) => (
                  <li key={note.id} className="internal-note">
                    <p className="muted small">
                      {note.authorUsername} ·{" "}
                      <RelativeTime date={note.createdAt} />
                    </p>
                    <div
                      className="prose"
                      dangerouslySetInnerHTML={{ __html: note.html }}
                    />
                  </li>
                ))}
              </ul>
            ) : (
              <p className="empty">No internal notes yet.</p>
            )}
            <Form method="post" className="stack" preventScrollReset>
              <input type="hidden" name="intent" value="note" />
              <Field id="note-body" label="Add an internal note">
                <textarea id="note-body" name="body" rows={3} />
              </Field>
              <div className="form-actions">
                <button type="submit" className="button button--ghost">
                  Add internal note
                </button>
              </div>
            </Form>
          </section>
        </div>
      ) : null}
    </section>
  );
}

export function RelatedIdeas({ data }: { data: Data }) {
  if (!data.relatedIdeas.length) return null;
  return (
    <p className="notice">
      {data.relatedIdeas.map((idea, i) => (
        <span key={idea.id}>
          {i ? " · " : ""}Promoted to idea:{" "}
          <Link to={threadUrl(idea)}>{idea.title}</Link> ({idea.statusLabel})
        </span>
      ))}
    </p>
  );
}

export function PromoteForm({ data }: { data: Data }) {
  const action = useActionData<typeof threadAction>();
  const errors = (action && "errors" in action ? action.errors : {}) as Record<
    string,
    string
  >;
  if (!data.canPromote) return null;
  return (
    <details className="promote" open={Boolean(errors.title || errors.body)}>
      <summary>Promote to idea</summary>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="promote" />
        <Field id="promote-title" label="Idea title" error={errors.title}>
          <input
            id="promote-title"
            name="title"
            defaultValue={data.thread.title}
            aria-invalid={errors.title ? true : undefined}
            aria-describedby={describedBy("promote-title", errors.title)}
          />
        </Field>
        <Field
          id="promote-body"
          label="Summary of the problem"
          error={errors.body}
        >
          <textarea
            id="promote-body"
            name="body"
            rows={4}
            aria-invalid={errors.body ? true : undefined}
            aria-describedby={describedBy("promote-body", errors.body)}
          />
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button--primary">
            Create the idea
          </button>
        </div>
      </Form>
    </details>
  );
}
