package client_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"roundtable/server/client"
	"roundtable/session"
)

// A participant joins, posts an idea, and follows the session until it
// closes.
func Example() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := client.Dial(ctx, client.Config{
		URL:         "localhost:7777",
		Code:        "K7Q2M",
		Name:        "Aysel",
		Institution: "IRIA",
	})
	var refused *session.Error
	switch {
	case errors.Is(err, client.ErrUnreachable):
		log.Fatalf("Is the host running? %v", err)
	case errors.As(err, &refused):
		log.Fatalf("The host said no (%s): %s", refused.Code, refused.Message)
	case err != nil:
		log.Fatal(err)
	}
	defer c.Close()
	// Save c.ResumeToken() to rejoin as the same person later.

	op := c.Send(session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "One registry of state services"})
	for range c.Changes() {
		u := c.Drain()
		for _, n := range u.Nacks {
			if n.Op == op {
				fmt.Println("refused:", n.Message)
			}
		}
		if u.StatusChanged {
			fmt.Println("connection:", u.Status, u.Err)
		}
		if st := c.State(); st.Phase == session.PhaseClosed || u.Status == client.Closed {
			return
		}
	}
}
