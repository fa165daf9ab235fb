package com.parley.conversation.ticket;

/** Where a pending ticket stands in the queue (implemented by the queue feature). */
public interface QueuePosition {

    ConversationView.QueueInfo of(Conversation pendingTicket);
}
