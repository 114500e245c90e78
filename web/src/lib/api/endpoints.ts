// The API's routes as typed functions (one per request the app makes).

import { apiRequest } from "./client";
import type {
  AppNotification,
  ChatMessage,
  ChatReply,
  Conversation,
  Occurrences,
  Page,
  Session,
  Task,
  TaskFields,
  User,
} from "./types";

export interface Registration {
  email: string;
  password: string;
  name?: string;
  timezone: string;
}

export const register = (registration: Registration) =>
  apiRequest<Session>("/api/auth/register", { method: "POST", body: registration, anonymous: true });

export const login = (email: string, password: string) =>
  apiRequest<Session>("/api/auth/login", { method: "POST", body: { email, password }, anonymous: true });

export const fetchMe = () => apiRequest<User>("/api/me");

export const updateMe = (changes: { name?: string | null; timezone?: string }) =>
  apiRequest<User>("/api/me", { method: "PATCH", body: changes });

export const fetchTasks = (query: URLSearchParams, signal?: AbortSignal) =>
  apiRequest<Page<Task>>(`/api/tasks?${query.toString()}`, { signal });

export const fetchTask = (id: string) => apiRequest<Task>(`/api/tasks/${encodeURIComponent(id)}`);

export const fetchOccurrences = (id: string, count: number) =>
  apiRequest<Occurrences>(`/api/tasks/${encodeURIComponent(id)}/occurrences?count=${count}`);

export const createTask = (fields: TaskFields & { title: string }) =>
  apiRequest<Task>("/api/tasks", { method: "POST", body: fields });

export const updateTask = (id: string, fields: TaskFields, version?: number) =>
  apiRequest<Task>(`/api/tasks/${encodeURIComponent(id)}`, { method: "PATCH", body: fields, ifMatch: version });

export const completeTask = (id: string) =>
  apiRequest<Task>(`/api/tasks/${encodeURIComponent(id)}/complete`, { method: "POST" });

export const reopenTask = (id: string) =>
  apiRequest<Task>(`/api/tasks/${encodeURIComponent(id)}/reopen`, { method: "POST" });

export const deleteTask = (id: string, options: { keepalive?: boolean } = {}) =>
  apiRequest<null>(`/api/tasks/${encodeURIComponent(id)}`, { method: "DELETE", keepalive: options.keepalive });

export const sendChat = (message: string, conversationId: string | null) =>
  apiRequest<ChatReply>("/api/chat", {
    method: "POST",
    body: conversationId ? { message, conversation_id: conversationId } : { message },
  });

export const fetchConversations = () => apiRequest<Page<Conversation>>("/api/conversations?limit=50");

export const fetchMessages = (conversationId: string) =>
  apiRequest<{ items: ChatMessage[] }>(`/api/conversations/${encodeURIComponent(conversationId)}/messages`);

export const fetchNotifications = (options: { unread?: boolean; cursor?: string | null; limit?: number }) => {
  const query = new URLSearchParams({ limit: String(options.limit ?? 50) });
  if (options.unread) query.set("unread", "true");
  if (options.cursor) query.set("cursor", options.cursor);
  return apiRequest<Page<AppNotification>>(`/api/notifications?${query.toString()}`);
};

export const markNotificationRead = (id: string) =>
  apiRequest<AppNotification>(`/api/notifications/${encodeURIComponent(id)}/read`, { method: "POST" });

export const markAllNotificationsRead = () =>
  apiRequest<{ read: number }>("/api/notifications/read-all", { method: "POST" });

export const snoozeNotification = (id: string, minutes: number) =>
  apiRequest<AppNotification>(`/api/notifications/${encodeURIComponent(id)}/snooze`, {
    method: "POST",
    body: { minutes },
  });
