-- A client order id is unique per user and account: every user's paper account is "paper", so
-- the key (accountKey, clientOrderId) of 20261203140000_trading made two users' paper orders
-- collide.

-- DropIndex
DROP INDEX "Order_accountKey_clientOrderId_key";

-- CreateIndex
CREATE UNIQUE INDEX "Order_userId_accountKey_clientOrderId_key" ON "Order"("userId", "accountKey", "clientOrderId");
