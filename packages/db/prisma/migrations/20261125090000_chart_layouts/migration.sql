-- CreateTable
CREATE TABLE "ChartLayout" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" VARCHAR(80) NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "state" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "lastOpenedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ChartLayout_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ChartLayout_userId_updatedAt_idx" ON "ChartLayout"("userId", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ChartLayout_userId_name_key" ON "ChartLayout"("userId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ChartLayout_userId_default_key" ON "ChartLayout"("userId") WHERE "isDefault";

-- AddForeignKey
ALTER TABLE "ChartLayout" ADD CONSTRAINT "ChartLayout_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
