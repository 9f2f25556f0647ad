-- Overdue and due-soon lists: a 包案 leader's cases by leader, and the petition office's by date
CREATE INDEX "Petition_leaderOfficialId_state_idx" ON "Petition"("leaderOfficialId", "state");
CREATE INDEX "Petition_state_acceptBy_idx" ON "Petition"("state", "acceptBy");
CREATE INDEX "Petition_state_answerBy_idx" ON "Petition"("state", "answerBy");
